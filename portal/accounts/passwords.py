"""Password hashing with Argon2id."""
from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app

MIN_LENGTH = 10
MAX_LENGTH = 128

_HASHERS = {
    "strong": PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY),
    # Only for the test suite, where thousands of hashes would be slow.
    "fast": PasswordHasher.from_parameters(profiles.CHEAPEST),
}
# A valid hash to verify against when no account matches, so a failed sign-in
# takes as long whether or not the account exists.
_DUMMY_HASHES: dict[str, str] = {}


def _hasher() -> PasswordHasher:
    return _HASHERS[current_app.config["PASSWORD_HASH_PROFILE"]]


def hash_password(password: str) -> str:
    """Hash a password for storage."""
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password against a stored hash; never raises."""
    hasher = _hasher()
    if password_hash is None:
        profile = current_app.config["PASSWORD_HASH_PROFILE"]
        if profile not in _DUMMY_HASHES:
            _DUMMY_HASHES[profile] = hasher.hash("not a real password")
        password_hash = _DUMMY_HASHES[profile]
        password = password + "\0never matches"
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether a stored hash was made with weaker parameters than today's."""
    try:
        return _hasher().check_needs_rehash(password_hash)
    except InvalidHashError:
        return True
