"""Types of work: the major and sub-major groups of ISCO-08, the International Standard
Classification of Occupations (ILO; 10 and 43 groups), named in English as the ILO names them
and in Danish and Swedish in the catalogs (DISCO-08's names from Danmarks Statistik where
its groups are ISCO's, SSYK 2012's from SCB where a group matches; checked by hand).

A job's type is one sub-major group (`Job.occupation`); the fidelity review counts how many
different types the team's jobs are of (item V8). The context "type of work" keeps these
names apart from the portal's other words in the catalogs (written out in each call, as
the extractor reads only a literal context).
"""

from flask_babel import lazy_pgettext
from wtforms.fields.choices import SelectChoice

MAJOR_GROUPS = {
    "0": lazy_pgettext("type of work", "Armed forces occupations"),
    "1": lazy_pgettext("type of work", "Managers"),
    "2": lazy_pgettext("type of work", "Professionals"),
    "3": lazy_pgettext("type of work", "Technicians and associate professionals"),
    "4": lazy_pgettext("type of work", "Clerical support workers"),
    "5": lazy_pgettext("type of work", "Service and sales workers"),
    "6": lazy_pgettext("type of work", "Skilled agricultural, forestry and fishery workers"),
    "7": lazy_pgettext("type of work", "Craft and related trades workers"),
    "8": lazy_pgettext("type of work", "Plant and machine operators, and assemblers"),
    "9": lazy_pgettext("type of work", "Elementary occupations"),
}
SUB_MAJOR_GROUPS = {
    "01": lazy_pgettext("type of work", "Commissioned armed forces officers"),
    "02": lazy_pgettext("type of work", "Non-commissioned armed forces officers"),
    "03": lazy_pgettext("type of work", "Armed forces occupations, other ranks"),
    "11": lazy_pgettext("type of work", "Chief executives, senior officials and legislators"),
    "12": lazy_pgettext("type of work", "Administrative and commercial managers"),
    "13": lazy_pgettext("type of work", "Production and specialized services managers"),
    "14": lazy_pgettext("type of work", "Hospitality, retail and other services managers"),
    "21": lazy_pgettext("type of work", "Science and engineering professionals"),
    "22": lazy_pgettext("type of work", "Health professionals"),
    "23": lazy_pgettext("type of work", "Teaching professionals"),
    "24": lazy_pgettext("type of work", "Business and administration professionals"),
    "25": lazy_pgettext("type of work", "Information and communications technology professionals"),
    "26": lazy_pgettext("type of work", "Legal, social and cultural professionals"),
    "31": lazy_pgettext("type of work", "Science and engineering associate professionals"),
    "32": lazy_pgettext("type of work", "Health associate professionals"),
    "33": lazy_pgettext("type of work", "Business and administration associate professionals"),
    "34": lazy_pgettext(
        "type of work", "Legal, social, cultural and related associate professionals"
    ),
    "35": lazy_pgettext("type of work", "Information and communications technicians"),
    "41": lazy_pgettext("type of work", "General and keyboard clerks"),
    "42": lazy_pgettext("type of work", "Customer services clerks"),
    "43": lazy_pgettext("type of work", "Numerical and material recording clerks"),
    "44": lazy_pgettext("type of work", "Other clerical support workers"),
    "51": lazy_pgettext("type of work", "Personal service workers"),
    "52": lazy_pgettext("type of work", "Sales workers"),
    "53": lazy_pgettext("type of work", "Personal care workers"),
    "54": lazy_pgettext("type of work", "Protective services workers"),
    "61": lazy_pgettext("type of work", "Market-oriented skilled agricultural workers"),
    "62": lazy_pgettext(
        "type of work", "Market-oriented skilled forestry, fishery and hunting workers"
    ),
    "63": lazy_pgettext("type of work", "Subsistence farmers, fishers, hunters and gatherers"),
    "71": lazy_pgettext(
        "type of work", "Building and related trades workers, excluding electricians"
    ),
    "72": lazy_pgettext("type of work", "Metal, machinery and related trades workers"),
    "73": lazy_pgettext("type of work", "Handicraft and printing workers"),
    "74": lazy_pgettext("type of work", "Electrical and electronic trades workers"),
    "75": lazy_pgettext(
        "type of work",
        "Food processing, wood working, garment and other craft and related trades workers",
    ),
    "81": lazy_pgettext("type of work", "Stationary plant and machine operators"),
    "82": lazy_pgettext("type of work", "Assemblers"),
    "83": lazy_pgettext("type of work", "Drivers and mobile plant operators"),
    "91": lazy_pgettext("type of work", "Cleaners and helpers"),
    "92": lazy_pgettext("type of work", "Agricultural, forestry and fishery labourers"),
    "93": lazy_pgettext(
        "type of work", "Labourers in mining, construction, manufacturing and transport"
    ),
    "94": lazy_pgettext("type of work", "Food preparation assistants"),
    "95": lazy_pgettext("type of work", "Street and related sales and service workers"),
    "96": lazy_pgettext("type of work", "Refuse workers and other elementary workers"),
}


def occupation_choices() -> dict[str, list[SelectChoice]]:
    """The sub-major groups under their major group, as a select's option groups."""
    return {
        str(name): [
            SelectChoice(code, str(SUB_MAJOR_GROUPS[code]))
            for code in SUB_MAJOR_GROUPS
            if code[0] == major
        ]
        for major, name in MAJOR_GROUPS.items()
    }


def occupation_name(code: str | None) -> str:
    """The type of work a code names, in the reader's language ("" for none)."""
    return str(SUB_MAJOR_GROUPS[code]) if code in SUB_MAJOR_GROUPS else ""
