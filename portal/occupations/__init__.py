"""Occupations: the ISCO-08 groups a job's type of work is one of (isco.py), and the national
lists of occupation titles, DISCO-08 in Denmark and SSYK 2012 in Sweden, which the installation's
administrator imports from the statistics offices' files (cli.py) so a specialist can find a
job's group by the title they know."""
