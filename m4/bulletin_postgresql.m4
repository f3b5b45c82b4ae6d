dnl bulletin_postgresql.m4 - PostgreSQL support: the extension (PGXS,
dnl needs pg_config and the server headers) and pg-push (needs libpq).
dnl
dnl   --with-postgresql[=PATH_TO_PG_CONFIG]  build the extension (default:
dnl                                          when pg_config is found)
dnl   --without-postgresql                   neither the extension nor pg-push
dnl   PG_PKGLIBDIR, PG_SHAREDIR              where make install puts the
dnl                                          extension (default: pg_config's)
AC_DEFUN([BULLETIN_POSTGRESQL], [
  AC_ARG_WITH([postgresql],
    [AS_HELP_STRING([--with-postgresql@<:@=PG_CONFIG@:>@],
      [build the PostgreSQL extension with this pg_config (default: if found)])],
    [], [with_postgresql=check])
  AC_ARG_VAR([PG_PKGLIBDIR], [where to install the PostgreSQL extension module])
  AC_ARG_VAR([PG_SHAREDIR], [PostgreSQL share folder (the extension goes in its extension/)])

  PG_CONFIG=
  AS_CASE([$with_postgresql],
    [no], [],
    [yes|check], [AC_PATH_PROG([PG_CONFIG], [pg_config])],
    [PG_CONFIG=$with_postgresql])
  AS_IF([test -n "$PG_CONFIG" && ! "$PG_CONFIG" --pgxs >/dev/null 2>&1], [
    AS_IF([test "x$with_postgresql" != xcheck],
      [AC_MSG_ERROR([$PG_CONFIG does not work. On Debian: apt-get install postgresql-server-dev-15])])
    PG_CONFIG=])
  AS_IF([test -n "$PG_CONFIG"], [
    AC_MSG_CHECKING([for the PostgreSQL server headers])
    pg_server_inc=`"$PG_CONFIG" --includedir-server`
    AS_IF([test -f "$pg_server_inc/postgres.h"], [AC_MSG_RESULT([$pg_server_inc])], [
      AC_MSG_RESULT([no])
      AS_IF([test "x$with_postgresql" != xcheck],
        [AC_MSG_ERROR([no postgres.h in $pg_server_inc. On Debian: apt-get install postgresql-server-dev-15])])
      PG_CONFIG=])])
  AS_IF([test -n "$PG_CONFIG"], [
    test -n "$PG_PKGLIBDIR" || PG_PKGLIBDIR=`"$PG_CONFIG" --pkglibdir`
    test -n "$PG_SHAREDIR" || PG_SHAREDIR=`"$PG_CONFIG" --sharedir`
    bulletin_pg_version=`"$PG_CONFIG" --version`], [bulletin_pg_version=no])
  AC_SUBST([PG_CONFIG])
  AM_CONDITIONAL([BUILD_POSTGRESQL], [test -n "$PG_CONFIG"])

  have_libpq=no
  AS_IF([test "x$with_postgresql" != xno],
    [PKG_CHECK_MODULES([LIBPQ], [libpq], [have_libpq=yes], [have_libpq=no])])
  AS_IF([test "x$have_libpq" = xyes],
    [AC_DEFINE([HAVE_LIBPQ], [1], [Define to build bulletin-search pg-push with libpq.])],
    [AS_IF([test "x$with_postgresql" != xno && test "x$with_postgresql" != xcheck],
      [AC_MSG_ERROR([libpq not found. On Debian: apt-get install libpq-dev])])])
  AM_CONDITIONAL([HAVE_LIBPQ], [test "x$have_libpq" = xyes])
  AC_MSG_NOTICE([PostgreSQL extension: $bulletin_pg_version; pg-push (libpq): $have_libpq])
])
