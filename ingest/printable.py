"""Text made safe to print on one line: control characters escaped ("a\\nb", "\\x1b"). A file name, a path or a
message quoting one can hold a newline or a terminal escape sequence; printed as it is, it could fake a line of its
own (a summary, a log entry) or recolour the terminal. Every command-line output and log line that may quote a name
goes through `printable`."""


def printable(text: str) -> str:
    """text with every non-printable character but the space escaped the way Python writes it in a literal."""
    return "".join(c if c.isprintable() or c == " " else c.encode("unicode_escape").decode() for c in str(text))
