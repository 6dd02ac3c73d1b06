"""The `newsbot` command line. `main.py` owns the group and error handling; each
`*_cmds.py` module contributes its commands through a `COMMANDS` list."""
