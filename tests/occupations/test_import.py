"""`flask occupations import-disco` and `import-ssyk`: the statistics offices' files, here as
small fixtures in their layouts, become the national lists under ISCO-08's sub-major groups;
a file that cannot be used is refused with a clear message and leaves the last import as it
was; a new import replaces the old one whole."""

from pathlib import Path

from openpyxl import Workbook
from sqlalchemy import select

from portal.core.db import db
from portal.occupations.models import OccupationTitle

DISCO_SAMPLE = Path(__file__).with_name("disco08_sample.csv")


def run(app, *args):
    return app.test_cli_runner().invoke(args=["occupations", *args])


def held(app, classification: str) -> dict[str, tuple[str, str]]:
    with app.app_context():
        rows = db.execute(
            select(OccupationTitle.code, OccupationTitle.title, OccupationTitle.isco_group).where(
                OccupationTitle.classification == classification
            )
        )
        return {code: (title, group) for code, title, group in rows}


def ssyk_key(path: Path, lines: list[tuple], sheet: str = "Nyckel") -> Path:
    """A workbook in the layout of SCB's key: title lines, then the header, then the key."""
    workbook = Workbook()
    key = workbook.active
    key.title = sheet
    key.append(["Översättningsnyckel mellan SSYK 2012 och ISCO-08"])
    key.append([])
    key.append([])
    key.append(["SSYK 2012 kod", "Benämning SSYK 2012", "ISCO-08 kod", "Benämning ISCO-08"])
    for line in lines:
        key.append(list(line))
    key.append([])
    key.append(["Källa: SCB"])
    workbook.save(path)
    return path


def test_disco_from_danmarks_statistik_csv(app):
    result = run(app, "import-disco", str(DISCO_SAMPLE))
    assert result.exit_code == 0, result.output
    assert "Imported 13 occupations of DISCO-08, in 4 of ISCO-08's 43 sub-major groups" in (
        result.output
    )
    # The one-digit major groups 5 and 9:
    assert "Lines left out, without a sub-major group: 2" in result.output
    titles = held(app, "disco-08")
    assert titles["941210"] == ("Køkkenmedhjælper", "94")
    assert titles["512010"] == ("Kok", "51")
    assert "5" not in titles and "9" not in titles


def test_an_older_windows_1252_export_reads_the_same(app, tmp_path):
    older = tmp_path / "disco.csv"
    text = DISCO_SAMPLE.read_text(encoding="utf-8-sig")
    older.write_bytes(text.encode("cp1252"))
    assert run(app, "import-disco", str(older)).exit_code == 0
    assert held(app, "disco-08")["941210"][0] == "Køkkenmedhjælper"


def test_ssyk_from_scbs_key_takes_the_group_of_its_isco_code(app, tmp_path):
    key = ssyk_key(
        tmp_path / "nyckel.xlsx",
        [
            ("5120", "Kockar och kallskänkor", "5120", "Cooks"),
            (110, "Officerare", 110, "Commissioned armed forces officers"),  # kept as numbers
            ("9412", "Restaurang- och köksbiträden", "9412, 5246", "Kitchen helpers"),
            ("9412", "Restaurang- och köksbiträden", "5246", "Food service counter attendants"),
            ("2679", "Utan ISCO-kod", None, None),
        ],
    )
    result = run(app, "import-ssyk", str(key))
    assert result.exit_code == 0, result.output
    assert "Imported 3 occupations of SSYK 2012, in 3 of" in result.output
    assert "Lines left out, without a sub-major group: 1" in result.output
    assert held(app, "ssyk-2012") == {
        "5120": ("Kockar och kallskänkor", "51"),
        "0110": ("Officerare", "01"),
        "9412": ("Restaurang- och köksbiträden", "94"),  # its first ISCO code, 9412
    }


def test_a_new_import_replaces_the_old_one_whole(app, tmp_path):
    first = ssyk_key(tmp_path / "first.xlsx", [("5120", "Kockar", "5120", "Cooks")])
    second = ssyk_key(tmp_path / "second.xlsx", [("9412", "Köksbiträden", "9412", "Helpers")])
    assert run(app, "import-ssyk", str(first)).exit_code == 0
    assert run(app, "import-disco", str(DISCO_SAMPLE)).exit_code == 0
    assert run(app, "import-ssyk", str(second)).exit_code == 0
    assert held(app, "ssyk-2012") == {"9412": ("Köksbiträden", "94")}
    assert len(held(app, "disco-08")) == 13  # the other country's list stays


def test_a_file_that_cannot_be_used_is_refused_and_the_last_import_stays(app, tmp_path):
    assert run(app, "import-disco", str(DISCO_SAMPLE)).exit_code == 0
    before = held(app, "disco-08")

    wrong_columns = tmp_path / "wrong.csv"
    wrong_columns.write_text("CODE;TITLE\n5120;Cooks\n", encoding="utf-8")
    result = run(app, "import-disco", str(wrong_columns))
    assert result.exit_code == 1
    assert "wrong.csv is not Danmarks Statistik's CSV file" in result.output
    assert "no column KODE, NIVEAU, TITEL" in result.output

    not_isco = tmp_path / "not-isco.csv"
    not_isco.write_text('SEKVENS;KODE;NIVEAU;TITEL\n1;"99";2;Noget andet\n', encoding="utf-8")
    result = run(app, "import-disco", str(not_isco))
    assert result.exit_code == 1
    assert "99 Noget andet falls in 99, which is not one of ISCO-08's sub-major groups" in (
        result.output
    )

    blank_title = tmp_path / "blank.csv"
    blank_title.write_text('SEKVENS;KODE;NIVEAU;TITEL\n1;"51";2;\n', encoding="utf-8")
    result = run(app, "import-disco", str(blank_title))
    assert result.exit_code == 1 and "line 2: no code of digits and a title" in result.output

    not_a_workbook = tmp_path / "nyckel.xlsx"
    not_a_workbook.write_text("SSYK;ISCO\n", encoding="utf-8")
    result = run(app, "import-ssyk", str(not_a_workbook))
    assert result.exit_code == 1 and "is not an Excel workbook (.xlsx)" in result.output

    no_header = ssyk_key(tmp_path / "other.xlsx", [], sheet="Blad1")
    with_header_removed = Workbook()
    with_header_removed.active.append(["Kod", "Namn"])
    with_header_removed.save(no_header)
    result = run(app, "import-ssyk", str(no_header))
    assert result.exit_code == 1 and "no header row names an SSYK code" in result.output

    assert held(app, "disco-08") == before
    assert held(app, "ssyk-2012") == {}
