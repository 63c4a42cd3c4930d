"""Root pytest configuration.

``--doctest-modules`` (pyproject) would also import every ``conftest.py`` as a module
named ``conftest``; two of them then clash ("import file mismatch") depending on the
order of the arguments. They are plugins, not doctest modules: keep them out of that
collection (pytest still loads them as conftests).
"""

collect_ignore_glob = ["tests/**/conftest.py"]
