"""What the server keeps of each document and file, and when it checks them.

:mod:`.checks` (the latest check of each open document, on one worker
thread, newest version wins), :mod:`.scheduling` (when a document is checked
and published), :mod:`.index` (the scenario files and mission libraries on
disk), :mod:`.names` and :mod:`.workspace_names` (the names a file writes and
what they refer to across files), :mod:`.symbols` and :mod:`.reports` (what a
check gives the outline and the editors' reports), :mod:`.traces` (the step
traces of a check's calls, made when asked and kept with it), :mod:`.heap`
(memory given back). Features read these; this package imports no feature.
"""
