"""PyInstaller runtime hook: the build leaves out PySide6.QtOpenGL (its binding alone is 9 MB), which
pyqtgraph imports by name when it loads (PlotCurveItem and Qt/OpenGLHelpers, for the optional
useOpenGL drawing the app never turns on). A stand-in module answers that import; any use of it
fails with a message saying why. It is found only when the real module is missing (last on
sys.meta_path), so a build that includes QtOpenGL uses the real one.
"""
import importlib.abc
import importlib.machinery
import sys
import types

_NAME = "PySide6.QtOpenGL"


class _LeftOut(types.ModuleType):
    def __getattr__(self, attr):
        if attr.startswith("__"):
            raise AttributeError(attr)
        raise AttributeError(f"{_NAME}.{attr}: OpenGL drawing is left out of this self-contained "
                             "build (pyqtgraph's useOpenGL is not supported)")


class _LeftOutFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    def find_spec(self, fullname, path=None, target=None):
        if fullname == _NAME:
            return importlib.machinery.ModuleSpec(fullname, self)
        return None

    def create_module(self, spec):
        return _LeftOut(spec.name, __doc__)

    def exec_module(self, module):
        pass


sys.meta_path.append(_LeftOutFinder())
