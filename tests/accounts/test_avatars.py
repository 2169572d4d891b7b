"""Avatars without a photo: initials on a colour that is always the same for a name."""
from portal.accounts.avatars import COLOURS, colour, initials


def test_initials_in_every_script():
    assert initials("Ada Okafor") == "AO" and initials("grace") == "G" and initials("José García") == "JG"
    assert initials("王伟") == "王" and initials("రవి రావు") == "ర" and initials("") == "?"


def test_a_name_keeps_its_colour_and_names_spread_over_all_colours():
    # Pinned: every worker process must give a name the same colour (Python's hash() would not).
    assert colour("Ada Okafor") == 0 and colour("王伟") == 3
    assert {colour(f"Person {number}") for number in range(60)} == set(range(COLOURS))
