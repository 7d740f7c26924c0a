#ifndef CXLSXWRITER_SHIM_H
#define CXLSXWRITER_SHIM_H
/* libxlsxwriter (Debian: libxlsxwriter-dev); only TallyEmit/Export/XLSXWorkbook.swift uses it. */
#include <xlsxwriter.h>
#endif
