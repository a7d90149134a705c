"""Qt options the window sets before it paints (see ``udcg_desktop/gui/__init__.py``)."""
import os
import subprocess
import sys

CHECK = ("import os, udcg_desktop.gui; "
         "print(os.environ.get('QT_NO_GUI_THREADPOOL', '-'))")


def _run(extra_env: dict) -> str:
    env = {k: v for k, v in os.environ.items()
           if k not in ("QT_NO_GUI_THREADPOOL", "UDCG_QT_THREADPOOL")}
    env.update(extra_env)
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True,
                         env=env, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_the_window_paints_without_qts_blend_thread_pool():
    assert _run({}) == "1"


def test_the_pool_can_be_kept_and_a_users_own_setting_stands():
    assert _run({"UDCG_QT_THREADPOOL": "1"}) == "-"
    assert _run({"QT_NO_GUI_THREADPOOL": "yes"}) == "yes"


def test_the_gui_package_itself_imports_no_qt():
    out = subprocess.run([sys.executable, "-c", "import sys, udcg_desktop.gui; "
                          "print(any(m.startswith('PySide6') for m in sys.modules))"],
                         capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "False", out.stderr
