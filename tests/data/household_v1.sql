-- A household database as restock schema version 1 wrote it (PRAGMA user_version = 1).
BEGIN TRANSACTION;
CREATE TABLE changes (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            by TEXT NOT NULL,
            action TEXT NOT NULL,
            summary TEXT NOT NULL,
            before_json TEXT NOT NULL,
            after_json TEXT NOT NULL,
            undone_at TEXT
        );
INSERT INTO "changes" VALUES(1,'2026-10-02T18:30:00+00:00','bob','add','Added Nutella','{"items": [], "products": []}','{"items": [{"id": 2, "name": "Nutella", "name_key": "nutella", "gtin": "03017620422003", "quantity": 1.0, "unit": null, "added_by": "bob", "source": "scan", "added_at": "2026-10-02T18:30:00+00:00", "updated_at": "2026-10-02T18:30:00+00:00"}], "products": []}',NULL);
CREATE TABLE items (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,
            name_key TEXT NOT NULL,
            gtin TEXT,
            quantity REAL NOT NULL,
            unit TEXT,
            added_by TEXT NOT NULL,
            source TEXT NOT NULL,
            added_at TEXT NOT NULL,
            updated_at TEXT NOT NULL
        );
INSERT INTO "items" VALUES(1,'lait','lait',NULL,2.0,'l','ana','typed','2026-10-01T09:00:00+00:00','2026-10-01T09:00:00+00:00');
INSERT INTO "items" VALUES(2,'Nutella','nutella','03017620422003',1.0,NULL,'bob','scan','2026-10-02T18:30:00+00:00','2026-10-02T18:30:00+00:00');
CREATE TABLE products (
            gtin TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            brand TEXT,
            size TEXT,
            category TEXT,
            image_url TEXT,
            nutriscore TEXT,
            source TEXT,
            fetched_at TEXT
        );
INSERT INTO "products" VALUES('03017620422003','Nutella','Ferrero','400 g','en:spreads',NULL,'e','openfoodfacts','2026-10-02T18:30:05+00:00');
CREATE INDEX items_name_key ON items(name_key);
CREATE INDEX items_gtin ON items(gtin);
COMMIT;
PRAGMA user_version = 1;
