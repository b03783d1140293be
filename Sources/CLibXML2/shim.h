#ifndef DECLAUDIT_CLIBXML2_SHIM_H
#define DECLAUDIT_CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
// Debian builds libxml2 with ICU, whose headers clash with Foundation's bundled ICU module in
// the same Swift module. Only encoding.h's converter struct (which we never touch by value)
// depends on it, so hide ICU from the import.
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlIO.h>

// xmlFree is a global function-pointer variable; Swift 6 strict concurrency rejects touching it.
static inline void declaudit_xmlFree(void *pointer) { xmlFree(pointer); }

#endif
