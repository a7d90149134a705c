"""File > Export…: choose formats, folder and file name, preview the figures, export.

The pack is the one ``udcg-desktop export`` writes (``export.pack.export_pack``) for the
session's cursor date, filters, window and currency. Images are rendered on the UI thread (Qt
must draw there); the files are then written on a worker thread while a timer polls its progress,
so the window stays responsive. Existing files are replaced only after the briefer confirms the
list; the choices (formats, folder, name, and the title page: title, subtitle, classification
marking, prepared by) are remembered in QSettings. "Prepared on" starts at today each time.
"""
from __future__ import annotations

import queue
import threading
from pathlib import Path

from PySide6.QtCore import QDate, QSettings, Qt, QTimer
from PySide6.QtWidgets import (QCheckBox, QDateEdit, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QMessageBox, QProgressBar, QPushButton, QTextBrowser, QVBoxLayout,
                               QWidget)

from ...export import pack
from ..views.date_field import DateField
from ...export.content import PackInfo, key_figures, period_text, subtitle, title

DEFAULT_PATTERN = "udcg_briefing_{as_of}"
SETTINGS_GROUP = "export"
# Title-page fields remembered between sessions: settings key -> PackInfo field
INFO_FIELDS = ("title", "subtitle", "classification", "author")


def settings() -> QSettings:
    return QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, "udcg-desktop",
                     "udcg-desktop")


class ExportDialog(QDialog):
    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.result: pack.ExportResult | None = None
        self._summary = session.summary()
        self._worker: threading.Thread | None = None
        self._queue: queue.Queue = queue.Queue()
        self.setWindowTitle("Export briefing pack")
        self.setMinimumWidth(560)

        lay = QVBoxLayout(self)
        box = QGroupBox("Formats")
        grid = QGridLayout(box)
        self.format_boxes: dict[str, QCheckBox] = {}
        for i, fmt in enumerate(pack.FORMATS):
            cb = QCheckBox(pack.FORMAT_LABELS[fmt])
            cb.setObjectName(f"format_{fmt}")
            cb.toggled.connect(self._update_preview)
            grid.addWidget(cb, i // 2, i % 2)
            self.format_boxes[fmt] = cb
        lay.addWidget(box)
        from .animation_box import AnimationBox
        self.animation = AnimationBox(session.briefing)
        for cb in self.animation.format_boxes.values():
            cb.toggled.connect(self._update_preview)
        lay.addWidget(self.animation)
        self._filming = False
        self._cancel_film = False

        form = QFormLayout()
        row = QWidget()
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        self.folder_edit = QLineEdit()
        self.folder_edit.setObjectName("folder")
        self.folder_edit.textChanged.connect(self._update_preview)
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_folder)
        h.addWidget(self.folder_edit, 1)
        h.addWidget(browse)
        form.addRow("Folder:", row)
        self.pattern_edit = QLineEdit()
        self.pattern_edit.setObjectName("pattern")
        self.pattern_edit.setToolTip("File name; {as_of} becomes the date of the figures, "
                                     "{currency} the reporting currency")
        self.pattern_edit.textChanged.connect(self._update_preview)
        form.addRow("File name:", self.pattern_edit)
        self.info_edits: dict[str, QLineEdit] = {}
        hints = {"title": title(self._summary), "subtitle": subtitle(self._summary),
                 "classification": "e.g. UNCLASSIFIED or OFFICIAL (top and bottom of every page)",
                 "author": "name and unit"}
        labels = {"title": "Title:", "subtitle": "Subtitle:", "classification": "Marking:",
                  "author": "Prepared by:"}
        for key in INFO_FIELDS:
            edit = QLineEdit()
            edit.setObjectName(key)
            edit.setPlaceholderText(hints[key])
            form.addRow(labels[key], edit)
            self.info_edits[key] = edit
        self.prepared_on = QDateEdit(QDate.currentDate())
        self.prepared_on.setObjectName("prepared_on")
        self.prepared_on.setDisplayFormat("yyyy-MM-dd")
        self.prepared_on.setCalendarPopup(True)
        form.addRow("Prepared on:", self.prepared_on)
        # The front's comparison date: the window's "Compare with" (shared with the session).
        self.compare = DateField(allow_empty=True)
        self.compare.setObjectName("export_compare_with")
        self.compare.edit.setPlaceholderText("none")
        self.compare.edit.setToolTip("Compare with this date: the front's change since then "
                                     "and the settlements that changed status, in every file")
        self.compare.set_day(session.compare_with)
        self.compare.entered.connect(session.set_compare_with)
        form.addRow("Compare with:", self.compare)
        self.name_label = QLabel()
        self.name_label.setObjectName("name_preview")
        self.name_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form.addRow("", self.name_label)
        lay.addLayout(form)

        self.figures = QTextBrowser()
        self.figures.setObjectName("figures")
        self.figures.setMaximumHeight(190)
        lay.addWidget(QLabel("Figures in the pack:"))
        lay.addWidget(self.figures)

        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.status = QLabel()
        self.status.setObjectName("status")
        self.status.setWordWrap(True)
        lay.addWidget(self.progress)
        lay.addWidget(self.status)

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton("Export",
                                                    QDialogButtonBox.ButtonRole.AcceptRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.cancel_button = self.buttons.addButton("Cancel",
                                                    QDialogButtonBox.ButtonRole.ActionRole)
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel_film)
        self.export_button.clicked.connect(self.start_export)
        self.close_button.clicked.connect(self.reject)
        lay.addWidget(self.buttons)

        self._timer = QTimer(self)
        self._timer.setInterval(40)
        self._timer.timeout.connect(self._poll)
        self._load_settings()
        self._show_figures()
        self._update_preview()

    # -- settings ---------------------------------------------------------------------------
    def _load_settings(self) -> None:
        st = settings()
        st.beginGroup(SETTINGS_GROUP)
        chosen = st.value("formats", ",".join(pack.FORMATS))
        chosen = chosen if isinstance(chosen, str) else ",".join(chosen or [])
        wanted = set(chosen.split(",")) if chosen else set()
        for fmt, cb in self.format_boxes.items():
            cb.setChecked(fmt in wanted)
        self.folder_edit.setText(st.value("folder", str(Path.home() / "udcg_exports")))
        self.pattern_edit.setText(st.value("pattern", DEFAULT_PATTERN) or DEFAULT_PATTERN)
        for key, edit in self.info_edits.items():
            edit.setText(str(st.value(key, "") or ""))
        st.endGroup()

    def _timeline_span(self):
        """The span the window's timeline shows, so the exported one matches it."""
        timeline = getattr(self.parent(), "timeline", None)
        return timeline.x_span() if hasattr(timeline, "x_span") else None

    def _save_settings(self) -> None:
        st = settings()
        st.beginGroup(SETTINGS_GROUP)
        st.setValue("formats", ",".join(self.formats()))
        st.setValue("folder", self.folder_edit.text())
        st.setValue("pattern", self.pattern_edit.text())
        for key, edit in self.info_edits.items():
            st.setValue(key, edit.text())
        st.endGroup()
        st.sync()

    # -- what the export will be ------------------------------------------------------------
    def pack_info(self) -> PackInfo:
        """The title page as set in the dialog (empty fields take the data's defaults)."""
        return PackInfo(**{k: e.text().strip() for k, e in self.info_edits.items()},
                        prepared_on=self.prepared_on.date().toPython())

    def formats(self) -> list[str]:
        return [f for f, cb in self.format_boxes.items() if cb.isChecked()]

    def export_options(self, s) -> "pack.ExportOptions":
        """The briefer's choices for summary ``s``: the same options the command line builds
        (``cli_export.pack_options``), so both write one pack. Replacing was confirmed."""
        return pack.ExportOptions(
            out_dir=Path(self.folder_edit.text()).expanduser(), formats=tuple(self.formats()),
            name=self.file_name(), force=True, as_of=s.as_of, since=s.since,
            currency=s.currency, aoi=self.session.aoi, info=self.pack_info(),
            release_changes=self.release_changes())

    def file_name(self) -> str:
        s = self._summary
        as_of = str(s.as_of) if s.as_of is not None else "all-dates"
        pattern = self.pattern_edit.text().strip() or DEFAULT_PATTERN
        try:
            name = pattern.format(as_of=as_of, currency=s.currency)
        except (KeyError, IndexError, ValueError):
            name = pattern
        return "".join(c if c not in '/\\:*?"<>|' else "_" for c in name)

    def planned(self) -> dict[str, Path]:
        return pack.planned_files(Path(self.folder_edit.text()).expanduser(), self.file_name(),
                                  self.formats(), pack.change_map_wanted(
                                      self.session.briefing, summary=self._summary))

    def _show_figures(self) -> None:
        s = self._summary
        rows = "".join(f"<tr><td>{f.label}</td><td align='right'><b>{f.text}</b></td></tr>"
                       for f in key_figures(s))
        filt = f"<br>Filters: {s.filters.describe()}" if s.filters.active else ""
        self.figures.setHtml(f"<p>Figures {period_text(s)}, values in {s.currency}{filt}</p>"
                             f"<table cellspacing='2'>{rows}</table>")

    def _update_preview(self, *_):
        fmts = self.formats()
        films = self.animation.formats()
        ok = bool(fmts or films) and bool(self.folder_edit.text().strip())
        self.export_button.setEnabled(ok and not self.is_running())
        name = self.file_name()
        exts = ", ".join(f".{f}" for f in fmts if f in ("xlsx", "pptx", "pdf", "md"))
        imgs = " + images" if {"png", "svg"} & set(fmts) else ""
        imgs += "".join(f" + animation .{f}" for f in films)
        self.name_label.setText(f"{name} ({exts}{imgs})" if fmts or films
                                else "Choose a format")

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Export to folder",
                                                  self.folder_edit.text())
        if folder:
            self.folder_edit.setText(folder)

    def confirm_overwrite(self, files: list[Path]) -> bool:
        """Ask before replacing files (tests replace this method)."""
        listing = "\n".join(f"  {p.name}" for p in files[:20])
        more = f"\n  ... and {len(files) - 20} more" if len(files) > 20 else ""
        answer = QMessageBox.question(
            self, "Replace existing files?",
            f"These files already exist in {files[0].parent}:\n{listing}{more}\n\n"
            f"Replace them?", QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    # -- running ----------------------------------------------------------------------------
    def bookmarks(self) -> list:
        """The window's bookmarks (the story pages of the pack), if the dialog has a window."""
        controller = getattr(self.parent(), "briefing_file", None)
        return list(controller.bookmarks) if controller is not None else []

    def release_changes(self):
        """The window's comparison with an earlier release (File > Compare with…), if any."""
        controller = getattr(self.parent(), "briefing_file", None)
        return getattr(controller, "release_changes", None)

    def _story_pages(self, s, files) -> list:
        """The bookmarks' pages, their maps drawn here on the UI thread (Qt draws only here)."""
        marks = self.bookmarks()
        if not marks or not files.keys() & {"pptx", "pdf", "md"}:
            return []
        from ...core.summary import summary
        from ...export.story import story_pages
        from .. import render
        self.status.setText(f"Drawing {len(marks)} bookmarks…")
        briefing = self.session.briefing
        aoi = self.session.aoi
        return story_pages(briefing, marks, lambda day, f: summary(
            briefing, day, f, s.currency, aoi=aoi), render.QtRenderer(None, aoi))

    def start_export(self) -> bool:
        """Start the export; False when nothing was started (no format, or not confirmed)."""
        films = self.animation.formats()
        if self.is_running() or not (self.formats() or films):
            return False
        files = self.planned()
        film_req, film_files = None, {}
        if films:       # every check of the film before anything is drawn or written
            from ...export import animation
            info = self.pack_info()
            try:
                film_req = animation.check_request(
                    self.session.briefing, self.animation.request(
                        title=info.title or None, marking=info.classification or None))
            except animation.AnimationError as exc:
                self.status.setText(f"Animated map: {exc}")
                return False
            film_files = animation.planned_films(Path(self.folder_edit.text()).expanduser(),
                                                 self.file_name(), films)
        existing = [p for p in list(files.values()) + list(film_files.values()) if p.exists()]
        if existing and not self.confirm_overwrite(existing):
            self.status.setText("Nothing written: existing files kept.")
            return False
        self._save_settings()
        self.compare.commit()               # a date typed but not yet confirmed counts
        self._summary = self.session.summary()
        s = self._summary
        self.export_button.setEnabled(False)
        film = None
        if film_req is not None:
            film = self._run_film(film_req, film_files)
            if film is None or not self.formats():
                self._finish(pack.ExportResult(Path(self.folder_edit.text()).expanduser(),
                                               written=film.written if film else []),
                             keep_status=film is None)
                return film is not None
        self.progress.setRange(0, 0)
        self.status.setText("Rendering images…")
        from PySide6.QtWidgets import QApplication
        QApplication.processEvents()
        images, errors = {}, {}
        try:
            from .. import render
            images, errors = pack.prerender_images(self.session.briefing, s, files,
                                                   s.filters, render.QtRenderer(
                                                       self._timeline_span(), self.session.aoi))
        except Exception as exc:   # images fail; the files without them still go out
            errors = {k: f"{type(exc).__name__}: {exc}" for k in ("map", "timeline")}
        story = self._story_pages(s, files)
        options = self.export_options(s)
        folder, name = options.out_dir, options.name
        briefing = self.session.briefing

        def work():
            try:
                res = pack.export_pack(
                    briefing, filters=s.filters, summary=s, images=images, image_errors=errors,
                    renderer=None, story_pages=story,
                    progress=lambda d, t, label: self._queue.put(("progress", d, t, label)),
                    **options.kwargs())
            except Exception as exc:
                res = pack.ExportResult(folder, failures=[("export", f"{type(exc).__name__}: "
                                                                     f"{exc}")])
            if film is not None:
                from .animation_box import film_into_pack
                film_into_pack(res, film, film_req, film_files, folder / f"{name}.pptx")
            self._queue.put(("done", res))

        self._worker = threading.Thread(target=work, name="udcg-export", daemon=True)
        self._worker.start()
        self._timer.start()
        return True

    def is_running(self) -> bool:
        return self._worker is not None or self._filming

    def cancel_film(self) -> None:
        self._cancel_film = True

    def _run_film(self, req, targets):
        """Draw and encode the film here (Qt draws on this thread); None if cancelled or
        failed (the status says which)."""
        from PySide6.QtWidgets import QApplication

        from ...export import animation
        from .. import render

        def progress(done, total, label):
            self.progress.setRange(0, max(total, 1))
            self.progress.setValue(done)
            self.status.setText(f"Animated map: {label}")
            QApplication.processEvents()

        self._filming, self._cancel_film = True, False
        self.cancel_button.setEnabled(True)
        source = None
        try:
            source = render.QtRenderer().animation_frames(self.session.briefing, req,
                                                          self._summary.filters)
            return animation.write_animation(req, targets, source, progress,
                                             lambda: self._cancel_film)
        except animation.AnimationCancelled:
            self.status.setText("Cancelled: no animation was written.")
        except Exception as exc:
            self.status.setText(f"The animated map failed ({type(exc).__name__}: {exc}); "
                                f"no animation was written.")
        finally:
            if source is not None:
                source.close()
            self._filming = False
            self.cancel_button.setEnabled(False)
        return None

    def _poll(self) -> None:
        while True:
            try:
                msg = self._queue.get_nowait()
            except queue.Empty:
                return
            if msg[0] == "progress":
                _, done, total, label = msg
                self.progress.setRange(0, max(total, 1))
                self.progress.setValue(done)
                self.status.setText(label)
            else:
                self._finish(msg[1])
                return

    def _finish(self, result: pack.ExportResult, keep_status: bool = False) -> None:
        self._timer.stop()
        if self._worker is not None:
            self._worker.join(timeout=1)
        self._worker = None
        self.result = result
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        text = f"Wrote {len(result.written)} files to {result.out_dir}."
        if result.failures:
            text += " Failed: " + "; ".join(f"{Path(w).name}: {why}"
                                             for w, why in result.failures)
        if not keep_status:
            self.status.setText(text)
        self._update_preview()

    def reject(self) -> None:
        if self._filming:
            self.cancel_film()
            return
        if self._worker is not None:
            self.status.setText("Please wait: the export is still writing files…")
            return
        super().reject()

    def closeEvent(self, event) -> None:
        if self._filming:
            self.cancel_film()
        if self.is_running():
            event.ignore()
            return
        super().closeEvent(event)
