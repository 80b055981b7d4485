// Progressive enhancement and the staff pages' calls to the API; every page works to the extent it can without it.
