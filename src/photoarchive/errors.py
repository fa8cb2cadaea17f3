"""The one error type for mistakes a user can cause, with a message written for that user."""


class PhotoArchiveError(Exception):
    """A problem the user can fix: a bad folder, a catalogue too new, an unknown programme.

    The message is shown as it is, on one line, without a traceback; anything else that goes
    wrong is a bug and keeps its traceback in the log.
    """
