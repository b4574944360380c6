"""The one exception hierarchy of restock.

Every message is meant for a person: it says what happened, to what, and what to do.
Entry points catch ``RestockError`` once, print ``str(err)`` and exit non-zero; any
other exception is a bug and keeps its traceback.

    RestockError
      ConfigError            names the file, the key and the fix
      UsageError             a bad option or argument on the command line
      StoreError             the household database
        DatabaseCorrupt      the file is not a readable restock database
        DatabaseUnwritable   the file or its directory cannot be written
        DatabaseTooNew       made by a newer restock
      ListError              an operation on the household list
        ItemNotFound         nothing on the list matches
        NothingToUndo        the history is empty
      InvalidGtin            wrong length, characters or check digit
      InputRefused           a scan or utterance that cannot be turned into a command
      DeviceError            ScannerNotFound, CameraUnavailable, MicrophoneUnavailable,
                             VoiceModelMissing, PhotoUnreadable
      AdapterError           RetailerUnavailable, RetailerAuthFailed,
                             RetailerResponseInvalid, ProductLookupFailed
      BasketError            InvalidInstance, NoFeasibleBasket
"""

from __future__ import annotations


class RestockError(Exception):
    """Base of every error a person can cause or fix; ``str()`` is the message to show."""

    exit_code = 1


class ConfigError(RestockError):
    """The configuration file is missing, unreadable or holds a wrong value."""

    exit_code = 2


class UsageError(RestockError):
    """A command-line option or argument is wrong."""

    exit_code = 2


class StoreError(RestockError):
    """The household database cannot be used."""


class DatabaseCorrupt(StoreError):
    """The database file is not a readable SQLite database of restock."""


class DatabaseUnwritable(StoreError):
    """The database file or its directory cannot be created or written."""


class DatabaseTooNew(StoreError):
    """The database was written by a newer version of restock."""


class ListError(RestockError):
    """An operation on the household list cannot be done."""


class ItemNotFound(ListError):
    """Nothing on the list matches what was asked for."""


class NothingToUndo(ListError):
    """There is no change left to undo."""


class InvalidGtin(RestockError):
    """A barcode that is not a valid GTIN (length, characters or check digit)."""


class InputRefused(RestockError):
    """A scan or an utterance that cannot be turned into a list command."""


class DeviceError(RestockError):
    """An input device (scanner, camera, microphone) cannot be used."""


class ScannerNotFound(DeviceError):
    """No scanner matches the configured name, id or path."""


class CameraUnavailable(DeviceError):
    """The camera cannot be opened or stopped delivering frames."""


class PhotoUnreadable(DeviceError):
    """A photo given to ``restock decode`` is missing or not an image that can be read."""


class MicrophoneUnavailable(DeviceError):
    """No usable audio input device."""


class VoiceModelMissing(DeviceError):
    """No Vosk model is installed for the requested language."""


class AdapterError(RestockError):
    """A retailer or product data source failed."""


class RetailerUnavailable(AdapterError):
    """The retailer could not be reached or answered with a server error."""


class RetailerAuthFailed(AdapterError):
    """The retailer refused the credentials."""


class RetailerResponseInvalid(AdapterError):
    """The retailer answered something that cannot be understood."""


class ProductLookupFailed(AdapterError):
    """A product database (such as Open Food Facts) could not be asked."""


class BasketError(RestockError):
    """The cheapest-basket problem cannot be built or solved."""


class InvalidInstance(BasketError):
    """A basket instance file is malformed."""


class NoFeasibleBasket(BasketError):
    """No plan satisfies the minimum orders and the cap on orders."""
