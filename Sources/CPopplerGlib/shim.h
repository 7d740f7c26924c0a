#ifndef CPOPPLERGLIB_SHIM_H
#define CPOPPLERGLIB_SHIM_H
/* -I/usr/include/poppler/glib comes from pkg-config; poppler.h pulls glib, gobject and cairo. */
#include <poppler.h>
#endif
