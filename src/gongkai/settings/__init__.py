"""Django settings of Gongkai.

``base`` holds everything; ``demo``, ``test`` and ``production`` only override.
``env`` is the only module that reads ``os.environ``.
"""
