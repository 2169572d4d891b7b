"""Avatars without a photo: initials on a colour that is always the same for a name."""
from portal.accounts.avatars import COLOURS, colour, initials


def test_initials_in_every_script():
    assert initials("Ada Okafor") == "AO" and initials("grace") == "G"
    assert initials("王伟") == "王" and initials("రవి రావు") == "ర" and initials("") == "?"


def test_a_name_keeps_its_colour_and_names_spread_over_all_colours():
    assert colour("Ada Okafor") == colour("Ada Okafor")
    assert {colour(f"Person {number}") for number in range(60)} == set(range(COLOURS))
