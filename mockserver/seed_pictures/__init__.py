"""Pictures a seed gives its products, so that a page under development has something to
show from the first request: files, or placeholders made on start (a size, a colour and a
label), stored through the domain as if uploaded, again after every reset."""
