#ifndef DECLAUDIT_CLIBXML2_SHIM_H
#define DECLAUDIT_CLIBXML2_SHIM_H

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlIO.h>

// xmlFree is a global function-pointer variable; Swift 6 strict concurrency rejects touching it.
static inline void declaudit_xmlFree(void *pointer) { xmlFree(pointer); }

#endif
