"""Importing spreadsheet exports: read a file, map and check its rows, store the good ones and keep the bad ones.

Modules, in the order a file meets them: ``read`` (bytes to text cells), ``aliases`` (headers and
values recognised), ``kinds`` (the registry: what each kind accepts, how it is checked, stored and
undone), ``pipeline`` (prepare, preview, import_file, undo_batch), ``checks``, ``parse`` and ``place``
(row checks), ``rows`` and ``store`` (a mapped kind's batch), one module per kind (its checks and
writer; ``survey`` hands the file to ``survey_loader``), ``messages``, ``fields`` and ``results``
(what passes between them), ``log`` (the import log) and ``docs`` (docs/import.md's tables).
"""
