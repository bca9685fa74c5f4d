# Samarbeidsavtaler between NAV and the fylkeskommune arrive with their own issue.
