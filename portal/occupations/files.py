"""Reading the statistics offices' files of occupations into (code, title, ISCO-08 group).

- Danmarks Statistik gives DISCO-08 as a CSV file from the classification's page on dst.dk:
  semicolon-separated, a header `SEKVENS;KODE;NIVEAU;TITEL;...`, a line for each group of
  every level, the code often in quotes. DISCO follows ISCO-08 to four digits, so a code's
  first two digits are its ISCO sub-major group. The one-digit major groups are left out: a
  job's type is a sub-major group or finer.
- SCB gives the key from SSYK 2012 to ISCO-08 as an Excel workbook: on the sheet "Nyckel",
  below a few lines of title, a header row naming the SSYK 2012 code, its name and the ISCO-08
  code. SSYK's own two-digit groups are not ISCO's, so each occupation takes its group from
  the ISCO-08 code the key gives it (the first, where it gives several).

Messages are in English: they are read by the installation's administrator at the command line.
"""

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path
from zipfile import BadZipFile

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from portal.occupations.isco import SUB_MAJOR_GROUPS

DST_COLUMNS = {"KODE", "NIVEAU", "TITEL"}
SCB_SHEET = "Nyckel"
HEADER_SEARCH_ROWS = 20  # the key's header sits below its title lines


class UnreadableFile(Exception):
    """The file is not the statistics office's file, or a line of it cannot be used."""


@dataclass(frozen=True)
class ListedOccupation:
    code: str
    title: str
    isco_group: str


@dataclass(frozen=True)
class ReadList:
    occupations: list[ListedOccupation]
    left_out: int  # lines without an ISCO-08 code (SSYK) or only a major group (DISCO)


def read_disco(path: Path) -> ReadList:
    """The occupations of Danmarks Statistik's DISCO-08 CSV file."""
    reader = csv.DictReader(io.StringIO(_decoded(path.read_bytes())), delimiter=";")
    missing = DST_COLUMNS - set(reader.fieldnames or ())
    if missing:
        raise UnreadableFile(
            f"{path.name} is not Danmarks Statistik's CSV file of a classification: it has no "
            f"column {', '.join(sorted(missing))}. Download DISCO-08 from dst.dk as CSV."
        )
    occupations, left_out = [], 0
    for line, row in enumerate(reader, start=2):
        code, title = (row["KODE"] or "").strip(), _one_line(row["TITEL"])
        if not code.isdigit() or not title:
            raise UnreadableFile(f"{path.name}, line {line}: no code of digits and a title.")
        if len(code) < 2:
            left_out += 1
            continue
        occupations.append(ListedOccupation(code, title, code[:2]))
    return ReadList(_checked(occupations, path), left_out)


def read_ssyk_key(path: Path) -> ReadList:
    """The occupations of SCB's key from SSYK 2012 to ISCO-08 (an .xlsx workbook)."""
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError) as error:
        raise UnreadableFile(f"{path.name} is not an Excel workbook (.xlsx): {error}") from None
    try:
        names = workbook.sheetnames
        sheet = workbook[SCB_SHEET] if SCB_SHEET in names else workbook.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        ssyk, title, isco = _key_columns(rows, path)
        occupations, left_out, seen = [], 0, set()
        for row in rows:
            code = _digits(_cell(row, ssyk))
            if code is None or code.zfill(4) in seen:
                continue  # a note under the table, or a second ISCO code on a line of its own
            code = code.zfill(4)
            seen.add(code)
            isco_codes = re.findall(r"\d+", _text(_cell(row, isco)))
            if not isco_codes:
                left_out += 1
                continue
            name = _one_line(_text(_cell(row, title)))
            if not name:
                raise UnreadableFile(f"{path.name}: SSYK {code} has no name.")
            occupations.append(ListedOccupation(code, name, isco_codes[0].zfill(4)[:2]))
    finally:
        workbook.close()
    return ReadList(_checked(occupations, path), left_out)


def _key_columns(rows, path: Path) -> tuple[int, int, int]:
    """The columns of the SSYK code, its name (the next column) and the ISCO-08 code."""
    for _index, row in zip(range(HEADER_SEARCH_ROWS), rows, strict=False):
        labels = [_text(cell).upper() for cell in row]
        ssyk = next((i for i, label in enumerate(labels) if "SSYK" in label), None)
        isco = next((i for i, label in enumerate(labels) if "ISCO" in label), None)
        if ssyk is not None and isco is not None and isco > ssyk + 1:
            return ssyk, ssyk + 1, isco
    raise UnreadableFile(
        f"{path.name} is not SCB's key from SSYK 2012 to ISCO-08: no header row names an "
        "SSYK code, then its name, then an ISCO code."
    )


def _checked(occupations: list[ListedOccupation], path: Path) -> list[ListedOccupation]:
    if not occupations:
        raise UnreadableFile(f"{path.name} holds no occupations.")
    for occupation in occupations:
        if occupation.isco_group not in SUB_MAJOR_GROUPS:
            raise UnreadableFile(
                f"{path.name}: {occupation.code} {occupation.title} falls in "
                f"{occupation.isco_group}, which is not one of ISCO-08's sub-major groups."
            )
    codes = [occupation.code for occupation in occupations]
    if len(set(codes)) != len(codes):
        twice = sorted({code for code in codes if codes.count(code) > 1})
        raise UnreadableFile(f"{path.name} lists {', '.join(twice)} more than once.")
    return occupations


def _decoded(raw: bytes) -> str:
    """Danmarks Statistik's files come as UTF-8 (with or without a byte-order mark) or, from
    older exports, as Windows-1252."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def _cell(row: tuple, column: int):
    return row[column] if column < len(row) else None


def _text(cell) -> str:
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)  # a code Excel keeps as a number: 5120.0
    return "" if cell is None else str(cell).strip()


def _digits(cell) -> str | None:
    text = _text(cell)
    return text if text.isdigit() else None


def _one_line(text: str | None) -> str:
    return " ".join((text or "").split())
