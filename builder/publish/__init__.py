"""Publishing a built site to static hosting: S3-compatible storage, a GitHub Pages branch, a
folder.  :mod:`.site` says what each file is, :mod:`.plan` what to upload, skip and delete,
:mod:`.run` carries a plan out; one module per target.  Importing this package pulls in no
target's libraries (the build imports :mod:`.nginx` from here)."""
