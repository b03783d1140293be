#ifndef DECLAUDIT_CXLSXWRITER_SHIM_H
#define DECLAUDIT_CXLSXWRITER_SHIM_H
// libxlsxwriter, used only by DeclauditKit/Report/XLSXWorkbook.swift.
#include <xlsxwriter.h>
#endif
