"""The Qt window: ``gui.app.run(paths)``. This package's ``__init__`` imports nothing, so Qt-free
helpers (``gui.loading``) can run in worker threads without pulling in Qt."""
