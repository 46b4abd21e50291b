"""Sphinx extension: read, and so execute, every document on every build.

Sphinx normally re-reads only the documents whose source changed since the last
build. For this book that is not enough: a chapter's output depends on ``lib/``,
which Sphinx does not track, and a warning from a document that is not re-read is
not reported again, so a second strict build would pass where the first failed.
Marking every document outdated gives each build the result of a clean one
(the cost is small: every chapter is executed anyway, ``execute_notebooks: force``).
"""


def _every_document(app, env, added, changed, removed):
    return sorted(env.found_docs - added - changed - removed)


def setup(app):
    app.connect("env-get-outdated", _every_document)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
