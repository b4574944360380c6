"""Reading barcodes from photos and camera frames (OpenCV, zbar, zxing-cpp).

Importing this package is cheap; the decoders load with the modules that use them:
``engines`` (the decoders), ``cascade`` (image steps tried in turn), ``regions`` (codes
at any angle, located and straightened), ``scanlines`` (restock's own EAN/UPC reader,
voting across scan lines; ``scanline_digits`` reads one line, ``ean_symbology`` holds the
bar patterns), ``confirm`` (which reads may be reported) and ``video`` (the frame
debouncer).
"""
