"""Builds the optional compiled kernel ``diffsync_automation._engine._speedups``; all metadata lives in pyproject.toml.

The extension is optional: without Cython or a C compiler the build goes on and the package runs its
pure-Python code paths (same behaviour, slower on large diffs).
"""

from setuptools import Extension, setup

try:
    from Cython.Build import cythonize
except ImportError:  # no Cython in the build environment: pure-Python install
    ext_modules = []
else:
    ext_modules = cythonize(
        [Extension("diffsync_automation._engine._speedups", ["diffsync_automation/_engine/_speedups.pyx"])],
        compiler_directives={"language_level": 3},
        quiet=True,
    )
    for extension in ext_modules:
        extension.optional = True  # a failed compile warns and installs the pure-Python engine (cythonize drops it)

setup(ext_modules=ext_modules)
