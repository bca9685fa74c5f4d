# The tiltak catalogue and kombinasjonstiltak arrive with their own issue.
