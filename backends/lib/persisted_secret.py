"""Signing secrets for the Flask test servers that survive a restart.

Tokens and session cookies signed before a restart must still be valid after it (the restart
scenarios reconnect with them), so a generated secret is kept in the data folder.
"""
import os
import secrets
from pathlib import Path


def persisted_secret(data_dir, file_name, env_var):
    """The secret in env_var; else the one in DATA_DIR/file_name, created (mode 0600) on first use;
    without a data folder, a new random one."""
    if os.environ.get(env_var):
        return os.environ[env_var]
    if data_dir is None:
        return secrets.token_hex(32)
    path = Path(data_dir) / file_name
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
