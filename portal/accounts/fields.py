"""Checks and normalisation of directory fields, shared by forms and the import."""
import re
from functools import lru_cache

from babel import Locale

# Deliberately plain: an ASCII local part and a dotted domain (IDN as
# punycode). Fast enough to check half a million rows in a second or two.
_EMAIL_RE = re.compile(
    r"^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$"
)

#: Interface languages; the value stored for a person, and the aliases accepted.
SUPPORTED_LOCALES = ("en", "zh_Hans", "te")
_LOCALE_ALIASES = {
    "en": "en", "en_gb": "en", "en_us": "en", "english": "en",
    "zh": "zh_Hans", "zh_hans": "zh_Hans", "zh_cn": "zh_Hans", "zh_hans_cn": "zh_Hans",
    "te": "te", "te_in": "te",
}
#: The name of each language in itself, for pickers.
LOCALE_NAMES = {"en": "English", "zh_Hans": "简体中文", "te": "తెలుగు"}


def normalise_email(value: str) -> str:
    """Trim and lower-case an email address."""
    return (value or "").strip().lower()


def is_valid_email(email: str) -> bool:
    """Whether a normalised address looks deliverable (``.invalid``, an erased person's, never is)."""
    return len(email) <= 254 and bool(_EMAIL_RE.match(email)) and not email.endswith(".invalid")


@lru_cache(maxsize=256)
def normalise_locale(value: str) -> str | None:
    """Map 'zh-CN', 'zh_Hans', 'EN' ... to a supported locale, or None."""
    key = (value or "").strip().replace("-", "_").lower()
    return _LOCALE_ALIASES.get(key)


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """ISO 3166 alpha-2 codes with their English names."""
    return {code: name for code, name in Locale("en").territories.items()
            if len(code) == 2 and code.isalpha()}


@lru_cache(maxsize=512)
def normalise_country(value: str) -> str | None:
    """Upper-case a country code; None when it is not an ISO 3166 code."""
    code = (value or "").strip().upper()
    return code if code in country_names() else None
