"""Export: turns galleries into a web site, images, a PDF booklet and a manifest."""
