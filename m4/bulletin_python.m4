# bulletin_python.m4 - BULLETIN_PYTHON: choose, deliberately, the Python
# interpreter the bindings in bindings/python are built for and tested with.
#
#   --with-python=PATH   this interpreter (an error if it lacks its headers)
#   PYTHON=PATH          the same, from the environment or the command line
#   --without-python     no bindings
#   default              /usr/bin/python3, Debian's (the one with python3-dev
#                        and python3-pytest), when its headers are installed;
#                        else the bindings are left out with a notice.  The
#                        first python3 on PATH is NOT used by default: it is
#                        often a pyenv or venv interpreter without headers.
#
# Sets PYTHON, PYTHON_CPPFLAGS, PYTHON_EXT_SUFFIX (e.g.
# .cpython-311-x86_64-linux-gnu.so, the module's file name suffix),
# PYTHON_TEST_ENV (what the tests need in the environment), pyexecdir and
# pythondir; the conditional BULLETIN_PYTHON; and bulletin_python_summary
# for configure's closing summary.
AC_DEFUN([BULLETIN_PYTHON], [
  AC_ARG_WITH([python],
    [AS_HELP_STRING([--with-python=PATH],
      [build the Python bindings for this interpreter (default: /usr/bin/python3
       when it has its development headers); --without-python leaves them out])],
    [], [with_python=default])
  AC_ARG_VAR([PYTHON], [the Python interpreter for the bindings (like --with-python)])

  bulletin_python_explicit=yes
  AS_CASE([$with_python],
    [no], [PYTHON=:],
    [yes|default], [AS_IF([test -z "$PYTHON"],
                      [PYTHON=/usr/bin/python3; bulletin_python_explicit=no])],
    [PYTHON=$with_python])

  bulletin_have_python=no
  bulletin_python_why=""
  AS_IF([test "x$PYTHON" = x:],
    [bulletin_python_why="disabled (--without-python)"],
    [_BULLETIN_PYTHON_CHECK])

  AS_IF([test "x$bulletin_have_python" != xyes && test "x$PYTHON" != x: &&
         test "x$bulletin_python_explicit" = xyes],
    [AC_MSG_ERROR([the Python bindings cannot be built for $PYTHON: $bulletin_python_why.
    On Debian: apt-get install python3-dev (or choose another interpreter with
    --with-python=PATH, or leave the bindings out with --without-python)])])
  AS_IF([test "x$bulletin_have_python" != xyes && test "x$PYTHON" != x:],
    [AC_MSG_NOTICE([Python bindings disabled: $bulletin_python_why.
    On Debian: apt-get install python3-dev, then run configure again.])])

  AS_IF([test "x$bulletin_have_python" = xyes],
    [bulletin_python_summary="$PYTHON (Python $PYTHON_VERSION, modules in $pyexecdir)"],
    [bulletin_python_summary="no: $bulletin_python_why"])
  AM_CONDITIONAL([BULLETIN_PYTHON], [test "x$bulletin_have_python" = xyes])
  AC_SUBST([PYTHON_CPPFLAGS])
  AC_SUBST([PYTHON_EXT_SUFFIX])
  AC_SUBST([PYTHON_TEST_ENV])
])

# The interpreter in $PYTHON: version, headers, install directories.
AC_DEFUN([_BULLETIN_PYTHON_CHECK], [
  dnl AM_PATH_PYTHON stops configure when a preset $PYTHON is unusable:
  dnl check first, so that a missing default gives a notice instead.
  AS_IF([$PYTHON -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null],
    [AM_PATH_PYTHON([3.10], [bulletin_have_python=yes])],
    [bulletin_python_why="$PYTHON is missing or not a Python 3.10 or later interpreter"])
  AS_IF([test "x$bulletin_have_python" = xyes], [
    bulletin_py_include=`$PYTHON -c "import sysconfig; print(sysconfig.get_paths()[['include']])"`
    bulletin_py_platinclude=`$PYTHON -c "import sysconfig; print(sysconfig.get_paths()[['platinclude']])"`
    PYTHON_EXT_SUFFIX=`$PYTHON -c "import sysconfig; print(sysconfig.get_config_var('EXT_SUFFIX'))"`
    PYTHON_CPPFLAGS="-I$bulletin_py_include"
    AS_IF([test "x$bulletin_py_platinclude" != "x$bulletin_py_include"],
      [PYTHON_CPPFLAGS="$PYTHON_CPPFLAGS -I$bulletin_py_platinclude"])
    AC_MSG_CHECKING([for Python.h of $PYTHON])
    bulletin_save_CPPFLAGS=$CPPFLAGS
    CPPFLAGS="$CPPFLAGS $PYTHON_CPPFLAGS"
    AC_COMPILE_IFELSE([AC_LANG_PROGRAM([[#include <Python.h>
#if PY_VERSION_HEX < 0x030A0000
#error Python 3.10 or later is needed
#endif]], [[Py_Initialize();]])],
      [AC_MSG_RESULT([$bulletin_py_include])],
      [AC_MSG_RESULT([no])
       bulletin_have_python=no
       bulletin_python_why="$PYTHON has no development headers (Python.h) in $bulletin_py_include"])
    CPPFLAGS=$bulletin_save_CPPFLAGS
  ])
  AS_IF([test "x$bulletin_have_python" = xyes], [_BULLETIN_PYTHON_DIRS
                                                 _BULLETIN_PYTHON_TEST_ENV])
])

# Debian's interpreters search $prefix/lib/python3.X/dist-packages (and
# /usr/lib/python3/dist-packages), not the site-packages automake picks:
# install where the chosen interpreter looks, when it looks under $prefix.
AC_DEFUN([_BULLETIN_PYTHON_DIRS], [
  bulletin_py_prefix=$prefix
  test "x$bulletin_py_prefix" = xNONE && bulletin_py_prefix=$ac_default_prefix
  for bulletin_py_sub in "python$PYTHON_VERSION/dist-packages" python3/dist-packages; do
    if $PYTHON -c "import sys; sys.exit('$bulletin_py_prefix/lib/$bulletin_py_sub' not in sys.path)" 2>/dev/null; then
      pythondir="\${prefix}/lib/$bulletin_py_sub"
      pyexecdir="\${exec_prefix}/lib/$bulletin_py_sub"
      break
    fi
  done
])

# With --enable-sanitizers the library needs the ASan runtime loaded first,
# which an ordinary python3 does not do: preload it for the tests.
AC_DEFUN([_BULLETIN_PYTHON_TEST_ENV], [
  PYTHON_TEST_ENV=
  AS_IF([test "x$enable_sanitizers" = xyes], [
    bulletin_asan=`$CC -print-file-name=libasan.so`
    PYTHON_TEST_ENV="LD_PRELOAD=$bulletin_asan ASAN_OPTIONS=detect_leaks=0"
  ])
])
