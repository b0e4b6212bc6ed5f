#!/usr/bin/env python3
"""Builds alipay-codegen/tests/drift_catalogue.json: real edits of the vendor page copies in
alipay-codegen/tests/pages/, each with the drift it must produce, written by hand from what the
edit means (never from running drift).

    python3 scripts/drift-catalogue.py

Each case is a page, a list of text edits (`[from, to]`: `from` must occur exactly once in the
text at that point; `[from, to, "all"]` replaces every occurrence) and the expected drift as
`[kind, name]` pairs (kinds as `drift --json` names them; a rename's name is `old -> new`, for a field as for a
code).
Formatting-only edits expect no drift at all. The script checks every edit applies to the
page as committed, so the catalogue cannot silently go stale.
"""
import json
import pathlib

ROOT = pathlib.Path(__file__).resolve().parent.parent
PAGES = ROOT / "alipay-codegen" / "tests" / "pages"
OUT = ROOT / "alipay-codegen" / "tests" / "drift_catalogue.json"

P000 = "000_offline_maintain.txt"
P001 = "001_intl_maintain.txt"
P002 = "002_online_maintain.txt"
P003 = "003_query_status.txt"
P004 = "004_intl_archive.txt"

def between(page, start, end):
    """The page's exact text from `start` up to (not including) `end`: a whole row."""
    text = (PAGES / page).read_text(encoding="utf-8")
    a = text.index(start)
    return text[a:text.index(end, a)]


SMI = "secondary_merchant_id String(64) Required |"
STORE = "store_id String(64) Required |"
CASES = [
    # --- 003: one row per line -------------------------------------------------------------
    ("limit raised", P003, [[SMI, "secondary_merchant_id String(128) Required |"]],
     [["limit", "secondary_merchant_id"]]),
    ("limit lowered, full-width parentheses", P003,
     [[SMI, "secondary_merchant_id String（32） Required |"]], [["limit", "secondary_merchant_id"]]),
    ("presence: required mark dropped", P003, [[SMI, "secondary_merchant_id String(64) |"]],
     [["presence", "secondary_merchant_id"]]),
    ("rename by position", P003,
     [[SMI, "secondary_merchant_no String(64) Required |"]],
     [["renamed", "secondary_merchant_id -> secondary_merchant_no"]]),
    ("field removed", P003,
     [["store_id String(64) Required | The store ID assigned by the partner to identify a store, which needs to be unique for each group of PID and MID. This field is required when the value of payment_method is INSTORE_PAYMENT.\n|\n", ""]],
     [["removed", "store_id"]]),
    ("enum value added", P003,
     [["the value is INSTORE_PAYMENT for offline payments.", "the value is INSTORE_PAYMENT for offline payments or MINIAPP_PAYMENT for mini programs."]],
     [["enum_values", "payment_method"]]),
    ("code removed", P003,
     [[between(P003, "DATA_NOT_EXIST | No data exists", "SYSTEM_ERROR |"), ""]],
     [["code_removed", "DATA_NOT_EXIST"]]),
    ("code renamed", P003,
     [["DATA_NOT_EXIST | No data exists", "DATA_NOT_FOUND | No data exists"]],
     [["code_renamed", "DATA_NOT_EXIST -> DATA_NOT_FOUND"]]),
    ("code added", P003,
     [["SYSTEM_ERROR | Alipay system error. Try again later. |", "SYSTEM_ERROR | Alipay system error. Try again later. |\nMERCHANT_FROZEN | The merchant is frozen. |"]],
     [["code_added", "MERCHANT_FROZEN"]]),
    ("type change to Date time", P003,
     [["timestamp String Required |", "timestamp Date time Required |"]], [["type", "timestamp"]]),
    ("type change to Number", P003, [[STORE, "store_id Number(64) Required |"]],
     [["type", "store_id"]]),
    ("format: tabs between cells", P003,
     [[SMI, "secondary_merchant_id\tString(64)\tRequired\t|"]], []),
    ("format: full-width parentheses", P003,
     [[SMI, "secondary_merchant_id String（64） Required |"]], []),
    ("format: row wrapped after its type cell", P003,
     [[STORE, "store_id String(64) Required\n|"]], []),
    ("format: CR LF line ends", P003, [["\n", "\r\n", "all"]], []),
    ("format: description wrapped over two lines", P003,
     [["assigned by the partner to identify a secondary merchant. The ID", "assigned by the partner to identify a secondary merchant.\nThe ID"]], []),
    # --- 000: extend_params rows and code tables ----------------------------------------------
    ("field removed", P000,
     [["contact_person String(64) Required | Taxi driver name\n|\n", ""]],
     [["removed", "contact_person"]]),
    ("limit raised", P000, [["contact_way String(256) |", "contact_way String(512) |"]],
     [["limit", "contact_way"]]),
    ("presence: required mark added", P000,
     [["contact_way String(256) |", "contact_way String(256) Required |"]],
     [["presence", "contact_way"]]),
    ("rename by description", P000,
     [["contact_person String(64) Required | Taxi driver name", "driver_name String(64) Required | Taxi driver name"]],
     [["renamed", "contact_person -> driver_name"]]),
    ("code removed", P000,
     [["| MCC_TYPE_ILLEGAL | The MCC is invalid. Action: Modify the MCC type and then try again. |\n", ""]],
     [["code_removed", "MCC_TYPE_ILLEGAL"]]),
    ("code renamed", P000,
     [["| MCC_TYPE_ILLEGAL |", "| MCC_ILLEGAL |"]],
     [["code_renamed", "MCC_TYPE_ILLEGAL -> MCC_ILLEGAL"]]),
    ("access code removed", P000,
     [["| ILLEGAL_SIGN_TYPE | The signature type is incorrect |\n", ""]],
     [["code_removed", "ILLEGAL_SIGN_TYPE"]]),
    ("format: full-width parentheses", P000,
     [["contact_way String(256) |", "contact_way String（256） |"]], []),
    ("format: tabs", P000,
     [["contact_person String(64) Required |", "contact_person\tString(64)\tRequired\t|"]], []),
    # --- 002: the Chinese table ------------------------------------------------------------------
    ("limit lowered", P002,
     [["secondary_merchant_idString(64)", "secondary_merchant_idString(32)"]],
     [["limit", "secondary_merchant_id"]]),
    ("rename by position", P002,
     [["secondary_merchant_idString(64)", "secondary_merchant_noString(64)"]],
     [["renamed", "secondary_merchant_id -> secondary_merchant_no"]]),
    ("type change to Number", P002,
     [["register_countryString(2)", "register_countryNumber(2)"]], [["type", "register_country"]]),
    ("type change to Date time", P002,
     [["contact_noString(64)", "contact_noDate time"]], [["type", "contact_no"]]),
    ("presence: required mark dropped", P002,
     [["不可空63472327348", "可空63472327348"]], [["presence", "secondary_merchant_id"]]),
    ("field removed", P002,
     [["cs_emailString(128)二级商户的客服邮箱可空customerservice@xxxcompany.com\n", ""]],
     [["removed", "cs_email"]]),
    ("enum value added", P002,
     [["只能是WEB或者APP", "只能是WEB、APP或者MINIPROGRAM"]], [["enum_values", "site_type"]]),
    ("code removed", P002,
     [["MERCHANT_TYPE_ILLEGAL二级商户类型不正确。", "二级商户类型不正确。"]],
     [["code_removed", "MERCHANT_TYPE_ILLEGAL"]]),
    ("code renamed", P002,
     [["DUPLICATE_REQUEST重复请求", "REPEATED_REQUEST重复请求"]],
     [["code_renamed", "DUPLICATE_REQUEST -> REPEATED_REQUEST"]]),
    ("format: full-width parentheses", P002,
     [["secondary_merchant_nameString(64)", "secondary_merchant_nameString（64）"]], []),
    ("format: tabs between cells", P002,
     [["secondary_merchant_idString(64)", "secondary_merchant_id\tString(64)\t"]], []),
    ("format: full-width limit digits", P002,
     [["register_countryString(2)", "register_countryString（２）"]], []),
    # --- 001: one cell per line -------------------------------------------------------------
    ("field removed", P001,
     [[between(P001, "sellerMcc\n", "paymentScene\n"), ""]],
     [["removed", "sellerMcc"]]),
    ("limit raised", P001,
     [["sellerName\n\nString(128)\u00a0Required", "sellerName\n\nString(256)\u00a0Required"]],
     [["limit", "sellerName"]]),
    ("presence: required mark added", P001,
     [["registrationNo\n\nString(128)\n", "registrationNo\n\nString(128)\u00a0Required\n"]],
     [["presence", "registrationNo"]]),
    ("rename by position", P001,
     [["registrationNo\n\nString(128)\n", "businessRegistrationId\n\nString(128)\n"]],
     [["renamed", "registrationNo -> businessRegistrationId"]]),
    ("type change", P001,
     [["reqTime\n\nDate time\u00a0Required", "reqTime\n\nString(32)\u00a0Required"]], [["type", "reqTime"]]),
    ("example changed", P001, [["Example:1402", "Example:5812"]], [["example", "sellerMcc"]]),
    ("enum value added", P001,
     [["the value can be INDIVIDUAL", "the value can be PARTNERSHIP, INDIVIDUAL"]],
     [["enum_values", "sellerType"]]),
    ("result code ID changed", P001,
     [["00000030\n\nSIGN_TYPE_INVALID", "00000031\n\nSIGN_TYPE_INVALID"]],
     [["code_changed", "SIGN_TYPE_INVALID"]]),
    ("result code removed", P001,
     [["00000030\n\nSIGN_TYPE_INVALID\n\nF\n\nThe sign type is invalid\n\n", ""]],
     [["code_removed", "SIGN_TYPE_INVALID"]]),
    ("format: Required on its own line", P001,
     [["sellerName\n\nString(128)\u00a0Required", "sellerName\n\nString(128)\nRequired"]], []),
    ("format: full-width parentheses", P001,
     [["sellerName\n\nString(128)\u00a0Required", "sellerName\n\nString（128）\u00a0Required"]], []),
    ("format: CR LF line ends", P001, [["\n", "\r\n", "all"]], []),
    # A row whose type is a lower-case word: the offline version of 001 prints
    # "storeInfo storeInfo" (its object's name as the type), which the reader used to skip.
    ("field added, its type a lower-case word", P001,
     [["notifyUrl\n\nString(1024)", "storeInfo\n\nstoreInfo\n\nThe store (offline merchants).\n\nnotifyUrl\n\nString(1024)"]],
     [["added", "storeInfo"]]),
    ("field added, one line, its type a lower-case word", P003,
     [[STORE, "store_info store_info | The store. |\n" + STORE]],
     [["added", "store_info"]]),
    # --- 004 ----------------------------------------------------------------------------------------
    ("rename by spelling", P004, [["storeId\n", "storeID\n"]], [["renamed", "storeId -> storeID"]]),
    ("rename by position", P004, [["storeId\n", "shopId\n"]], [["renamed", "storeId -> shopId"]]),
    ("format: no-break spaces as plain spaces", P004, [["\u00a0", " ", "all"]], []),
    # --- code renames: same description, same place (or the only row saying it) ----------------
    ("result code renamed", P001,
     [["00000030\n\nSIGN_TYPE_INVALID", "00000030\n\nSIGN_TYPE_ILLEGAL"]],
     [["code_renamed", "SIGN_TYPE_INVALID -> SIGN_TYPE_ILLEGAL"]]),
    ("result code renamed, its ID changed too", P001,
     [["00000030\n\nSIGN_TYPE_INVALID", "00000031\n\nSIGN_TYPE_ILLEGAL"]],
     [["code_renamed", "SIGN_TYPE_INVALID -> SIGN_TYPE_ILLEGAL"], ["code_changed", "SIGN_TYPE_ILLEGAL"]]),
    ("access code renamed, short description", P000,
     [["| ILLEGAL_SIGN_TYPE | The signature type is incorrect |", "| INVALID_SIGN_TYPE | The signature type is incorrect |"]],
     [["code_renamed", "ILLEGAL_SIGN_TYPE -> INVALID_SIGN_TYPE"]]),
    ("system code renamed, two-word description", P000,
     [["| SESSION_TIMEOUT | Session timeout |", "| SESSION_EXPIRED | Session timeout |"]],
     [["code_renamed", "SESSION_TIMEOUT -> SESSION_EXPIRED"]]),
    ("access code renamed, Chinese table", P002,
     [["ILLEGAL_DYN_MD5_KEY动态密钥信息错误", "INVALID_DYN_MD5_KEY动态密钥信息错误"]],
     [["code_renamed", "ILLEGAL_DYN_MD5_KEY -> INVALID_DYN_MD5_KEY"]]),
    ("code renamed and moved to the end of its table", P000,
     [["| MCC_TYPE_ILLEGAL | The MCC is invalid. Action: Modify the MCC type and then try again. |\n", ""],
      ["| DUPLICATE_REQUEST |", "| MCC_INVALID | The MCC is invalid. Action: Modify the MCC type and then try again. |\n| DUPLICATE_REQUEST |"]],
     [["code_renamed", "MCC_TYPE_ILLEGAL -> MCC_INVALID"]]),
    ("code replaced by one that says something else", P003,
     [["DATA_NOT_EXIST | No data exists for the queried secondary merchant because the merchant is not registered. Register the secondary merchant to Alipay system before you query the registration status. |",
       "MERCHANT_FROZEN | The merchant is frozen by risk control. Contact Alipay to unfreeze it. |"]],
     [["code_added", "MERCHANT_FROZEN"], ["code_removed", "DATA_NOT_EXIST"]]),
    ("two neighbour codes renamed", P000,
     [["| ILLEGAL_DYN_MD5_KEY | Dynamic key information is incorrect |", "| INVALID_DYN_MD5_KEY | Dynamic key information is incorrect |"],
      ["| ILLEGAL_ENCRYPT | Encryption is incorrect |", "| INVALID_ENCRYPT | Encryption is incorrect |"]],
     [["code_renamed", "ILLEGAL_DYN_MD5_KEY -> INVALID_DYN_MD5_KEY"], ["code_renamed", "ILLEGAL_ENCRYPT -> INVALID_ENCRYPT"]]),
    ("code renamed beside an added code", P003,
     [["DATA_NOT_EXIST | No data exists", "MERCHANT_FROZEN | The merchant is frozen. |\nDATA_NOT_FOUND | No data exists"]],
     [["code_added", "MERCHANT_FROZEN"], ["code_renamed", "DATA_NOT_EXIST -> DATA_NOT_FOUND"]]),
]


def main():
    out = []
    for i, (what, page, edits, expect) in enumerate(CASES):
        text = (PAGES / page).read_text(encoding="utf-8")
        for edit in edits:
            src, dst = edit[0], edit[1]
            if len(edit) == 3:
                assert src in text, (what, page, src)
                text = text.replace(src, dst)
            else:
                n = text.count(src)
                assert n == 1, (what, page, src, n)
                text = text.replace(src, dst, 1)
        out.append({"id": i + 1, "what": what, "page": page, "edits": edits,
                    "expect": expect})
    OUT.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(out)} cases -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
