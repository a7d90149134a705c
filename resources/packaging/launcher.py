"""The frozen app's entry point (PyInstaller runs this file as ``__main__``)."""
import os

# As the python command does (PEP 538): under the C locale (a clean environment, ``env -i``) use
# C.UTF-8, so file names and Qt's text are UTF-8 and Qt does not warn about the locale.
if os.name == "posix" and not any(os.environ.get(k) not in (None, "", "C", "POSIX")
                                  for k in ("LC_ALL", "LC_CTYPE", "LANG")):
    os.environ["LC_CTYPE"] = "C.UTF-8"

from udcg_desktop.cli import main  # noqa: E402 - after the locale

raise SystemExit(main())
