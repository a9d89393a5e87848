"""Import jobs: the queue an editor's upload waits in (:mod:`.queue`) and the worker's run of it
(:mod:`.runner`); the task between them is :func:`debates.tasks.run_import_job`."""
