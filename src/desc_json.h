/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A decoded memory transaction descriptor as a JSON object. */
#ifndef FFACTL_DESC_JSON_H
#define FFACTL_DESC_JSON_H

#include <json-c/json.h>
#include <stddef.h>

#include "ffa/desc.h"

/*
 * Decodes @buf (layout @version, 0 = guess) and, if @fn_num is not 0, checks
 * it as an SPMC receiving that ABI from @caller would. Returns an object with
 * the header fields, receivers, constituents, "hex" and "issues"; *status is
 * 0 or the FFA_RET_* an SPMC would answer.
 */
json_object *desc_json(const void *buf, size_t len, uint32_t version,
		       uint32_t fn_num, uint16_t caller, int *status);

#endif /* FFACTL_DESC_JSON_H */
