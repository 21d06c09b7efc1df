"""The debug adapter, ``scenario-dap``: stop in a scenario file's steps and in the project's Python code.

A Debug Adapter Protocol server over stdio (:mod:`.adapter`), for any DAP
client (VS Code, nvim-dap, Emacs's dape). It runs a scenario file's calls one
at a time, each as a check runs it (:mod:`.runner`), stops at YAML places
(:mod:`.stops`, :mod:`.breakpoints`) and shows their values (:mod:`.views`);
the project's Python code runs in a debug worker (:mod:`.worker`, started by
:mod:`.driver`) where debugpy's pydevd attaches to the adapter
(:mod:`.pydevd`), so Python breakpoints work in the same session
(:mod:`.session`). The protocol's types are generated from its JSON schema
(:mod:`.protocol`); the framing is :mod:`.wire`. docs/debugging.md is the
user's guide.

Nothing is imported here: the debug worker imports :mod:`.worker` in the
project's interpreter, and should load no more than it needs.
"""
