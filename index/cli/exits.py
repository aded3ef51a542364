"""The exit codes of the ``newsbot`` command."""

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2
