"""Build and install bulletin_search on its own, with Debian's setuptools:

    /usr/bin/python3 -m pip install --no-build-isolation bindings/python

The module links against libbulletin as pkg-config finds it (installed by
`make install`, or wherever PKG_CONFIG_PATH points); failing that, against
the build tree this folder belongs to (after ./bootstrap && make; set
BULLETIN_BUILD_DIR for a build outside the source tree), with that tree's
library directory as the module's run-time path."""

import glob
import os
import re
import shlex
import subprocess

from setuptools import Extension, setup

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, "..", ".."))


def pkg_config(*args):
    try:
        out = subprocess.run(["pkg-config", *args, "bulletin"], check=True,
                             capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return shlex.split(out)


def installed_library():
    flags = pkg_config("--cflags", "--libs")
    if flags is None:
        return None
    pick = lambda prefix: [f[len(prefix):] for f in flags if f.startswith(prefix)]
    return dict(include_dirs=pick("-I"), library_dirs=pick("-L"), libraries=pick("-l"),
                version=pkg_config("--modversion")[0])


def build_tree_library():
    build = os.environ.get("BULLETIN_BUILD_DIR", TOP)
    libdir = os.path.join(build, "libsearch", ".libs")
    if not glob.glob(os.path.join(libdir, "libbulletin.so*")):
        return None
    with open(os.path.join(TOP, "configure.ac"), encoding="utf-8") as f:
        version = re.search(r"AC_INIT\(\[[^]]*\], \[([^]]*)\]", f.read()).group(1)
    return dict(include_dirs=[os.path.join(TOP, "libsearch")], library_dirs=[libdir],
                libraries=["bulletin"], runtime_library_dirs=[libdir], version=version)


library = installed_library() or build_tree_library()
if library is None:
    raise SystemExit(
        "setup.py: libbulletin not found.  Install it (./bootstrap && make && make install)\n"
        "so that `pkg-config bulletin` finds it, point PKG_CONFIG_PATH at its bulletin.pc,\n"
        "or build the source tree first (./bootstrap && make).")
version = library.pop("version")

setup(
    name="bulletin-search",
    version=version,
    description="Search back issues of Chinese trade-union bulletins (libbulletin bindings)",
    long_description=open(os.path.join(HERE, "README.md"), encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    python_requires=">=3.10",
    ext_modules=[Extension(
        "bulletin_search",
        sources=sorted(os.path.relpath(p, HERE) for p in glob.glob(os.path.join(HERE, "src", "*.c"))),
        depends=[os.path.join("src", "module.h")],
        extra_compile_args=["-Wall"],
        **library)],
    packages=["bulletin_search-stubs"],
    package_data={"bulletin_search-stubs": ["__init__.pyi"]},
)
