"""Every user-facing string is translated into every language, placeholders intact."""
import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("zh_Hans", "te")
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}


def _source_messages() -> set:
    """Every string the code and templates mark for translation, extracted afresh."""
    with open(ROOT / "babel.cfg") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found = set()
    # Babel's default walk skips folders whose names start with "_" (templates/_macros): walk them too,
    # as `make messages` does (its --ignore-dirs, in the Makefile, lists the same folders).
    ignored = {"__pycache__", "node_modules", "instance", "test-artifacts"}

    def walked(dirpath: str) -> bool:
        name = Path(dirpath).name
        return not (name.startswith(".") or name in ignored)
    for _filename, _lineno, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS, directory_filter=walked):
        found.add(message if isinstance(message, str) else tuple(message[:2]))
    return found


@pytest.fixture(scope="module")
def source():
    return _source_messages()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_has_a_translation(source, language):
    with open(ROOT / f"portal/translations/{language}/LC_MESSAGES/messages.po", "rb") as handle:
        catalog = read_po(handle)
    translated = {}
    for message in catalog:
        if message.id and not message.fuzzy:
            key = message.id if isinstance(message.id, str) else tuple(message.id)
            translated[key] = message.string
    missing = []
    for message in source:
        text = translated.get(message)
        if not text or (isinstance(text, tuple) and not all(text)):
            missing.append(message)
    assert not missing, f"{language}: {len(missing)} untranslated, e.g. {sorted(map(str, missing))[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_translation_loses_or_invents_a_placeholder(language):
    with open(ROOT / f"portal/translations/{language}/LC_MESSAGES/messages.po", "rb") as handle:
        catalog = read_po(handle)
    broken = []
    for message in catalog:
        if not message.id or not message.string:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        expected = set().union(*(set(PLACEHOLDER.findall(text)) for text in ids))
        for text in strings:
            if set(PLACEHOLDER.findall(text)) != expected:
                broken.append((message.id, text))
    assert not broken, f"{language}: placeholders differ in {broken[:3]}"
