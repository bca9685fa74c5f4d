# Youth and case data are deliberately not in Django admin: every read of a case must go
# through cases.access.case_get_for_user, which checks access and writes the access log.
