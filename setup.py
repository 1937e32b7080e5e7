"""Package layout only; all metadata lives in pyproject.toml.

The top-level ``resources/`` folder ships inside the wheel as the data package
``explorer._resources``, so one resolver (``explorer/resources.py``) finds it in a source
checkout, an installed wheel and a frozen bundle alike.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["explorer", "explorer.*"]), "explorer._resources"],
    package_dir={"explorer._resources": "resources"},
    package_data={"explorer._resources": ["**/*"]},
)
