#!/usr/bin/env python3
"""Builds the shipped grid-intensity table and cloud-region map from ../shared/data.

Usage (from the repository root):
    python3 tools/build-intensity-table.py [--data ../shared/data] \
        [--out shared-meter/src/main/resources/io/carbonmlops/meter/carbon]

Inputs (see ../shared/data/README.md for sources and licences):
  electricitymaps-yearly-2025.json, electricitymaps-yearly-2024.json  (ODbL, Electricity Maps)
  ember-yearly-average-intensities.json                              (CC BY-SA 4.0, Ember via CO2.js)
  cloud-regions.csv                                                   (facts from public region lists)
ISO 3166-1 codes come from Debian's iso-codes package (/usr/share/iso-codes/json/iso_3166-1.json;
`apt-get install iso-codes`), so every row carries both the alpha-2 and the alpha-3 code of its country.

Outputs:
  grid-intensity.csv  one row per (zone, source, year); `preferred` marks the row a lookup returns
  cloud-regions.csv   provider,region,location,country_iso2,zone,source
The choice rule (documented in docs/intensity.md): for a zone Electricity Maps has, its 2025 figure is
preferred (life-cycle, consumption-based with imports flow-traced: what a data centre draws, and the
same basis and keys as the live Electricity Maps API); Ember (life-cycle, generation-based) is used for
countries Electricity Maps lacks. Ember's World figure is the world average, the last fallback.
"""
import argparse
import csv
import json
import os
import sys

ISO_CODES = "/usr/share/iso-codes/json/iso_3166-1.json"
# Codes outside ISO 3166-1 that the sources use (Kosovo: user-assigned XK / XKX, as both sources spell it).
EXTRA_ALPHA3_TO_ALPHA2 = {"XKX": "XK"}

EM_SOURCE = "Electricity Maps"
EM_SCOPE = "lifecycle-consumption"
EM_LICENCE = "ODbL-1.0"
EMBER_SOURCE = "Ember"
EMBER_SCOPE = "lifecycle-generation"
EMBER_LICENCE = "CC-BY-SA-4.0"
WORLD_ZONE = "WORLD"

COLUMNS = ["zone", "country_iso2", "country_iso3", "name", "g_per_kwh", "year", "source", "scope", "licence",
           "preferred"]


def load_iso(path):
    if not os.path.exists(path):
        sys.exit(f"{path} not found: install Debian's iso-codes package (apt-get install iso-codes)")
    with open(path, encoding="utf-8") as f:
        countries = json.load(f)["3166-1"]
    alpha3_to_alpha2 = {c["alpha_3"]: c["alpha_2"] for c in countries}
    alpha3_to_alpha2.update(EXTRA_ALPHA3_TO_ALPHA2)
    alpha2_to_alpha3 = {v: k for k, v in alpha3_to_alpha2.items()}
    return alpha3_to_alpha2, alpha2_to_alpha3


def number(value):
    """Keeps the source's own spelling: integers stay integers, decimals keep their digits."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def electricity_maps_rows(data_dir, year, alpha2_to_alpha3):
    with open(os.path.join(data_dir, f"electricitymaps-yearly-{year}.json"), encoding="utf-8") as f:
        zones = json.load(f)
    rows = []
    for key, entry in sorted(zones.items()):
        intensity = entry["carbonIntensity"]
        if intensity["unit"] != "gCO2eq/kWh":
            sys.exit(f"zone {key}: unexpected unit {intensity['unit']}")
        iso2 = key.split("-")[0]
        rows.append({"zone": key, "country_iso2": iso2, "country_iso3": alpha2_to_alpha3.get(iso2, ""),
                     "name": entry["zone"]["zoneName"], "g_per_kwh": number(intensity["value"]), "year": year,
                     "source": EM_SOURCE, "scope": EM_SCOPE, "licence": EM_LICENCE})
    return rows


def ember_rows(data_dir, alpha3_to_alpha2):
    with open(os.path.join(data_dir, "ember-yearly-average-intensities.json"), encoding="utf-8") as f:
        entries = json.load(f)
    rows = []
    for key, entry in sorted(entries.items()):
        if key == "World":
            zone, iso2, iso3 = WORLD_ZONE, "", ""
        elif key in alpha3_to_alpha2:
            zone, iso2, iso3 = alpha3_to_alpha2[key], alpha3_to_alpha2[key], key
        else:
            continue  # regional aggregates (EU, G20, Asia, ...) are not grid zones
        rows.append({"zone": zone, "country_iso2": iso2, "country_iso3": iso3, "name": entry["country_or_region"],
                     "g_per_kwh": number(entry["emissions_intensity_gco2_per_kwh"]), "year": entry["year"],
                     "source": EMBER_SOURCE, "scope": EMBER_SCOPE, "licence": EMBER_LICENCE})
    return rows


def mark_preferred(rows):
    """Per zone: the newest Electricity Maps row if any, else the Ember row."""
    best = {}
    for row in rows:
        rank = (row["source"] == EM_SOURCE, int(row["year"]))
        if row["zone"] not in best or rank > best[row["zone"]][0]:
            best[row["zone"]] = (rank, id(row))
    for row in rows:
        row["preferred"] = "true" if best[row["zone"]][1] == id(row) else "false"


def write_table(rows, path):
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in sorted(rows, key=lambda r: (r["zone"], r["source"], -int(r["year"]))):
            writer.writerow(row)


def write_cloud_regions(data_dir, zones, path):
    with open(os.path.join(data_dir, "cloud-regions.csv"), encoding="utf-8", newline="") as f:
        regions = list(csv.DictReader(f))
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(["provider", "region", "location", "country_iso2", "zone", "source"])
        for r in sorted(regions, key=lambda r: (r["provider"], r["region"])):
            if r["grid_zone"] not in zones:
                sys.exit(f"{r['provider']}:{r['region']} maps to {r['grid_zone']}, which is not in the table")
            writer.writerow([r["provider"], r["region"], r["location"], r["country_iso2"], r["grid_zone"],
                             r["source"]])
    return len(regions)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default="../shared/data")
    parser.add_argument("--out", default="shared-meter/src/main/resources/io/carbonmlops/meter/carbon")
    parser.add_argument("--iso-codes", default=ISO_CODES)
    args = parser.parse_args()
    alpha3_to_alpha2, alpha2_to_alpha3 = load_iso(args.iso_codes)
    rows = (electricity_maps_rows(args.data, 2025, alpha2_to_alpha3)
            + electricity_maps_rows(args.data, 2024, alpha2_to_alpha3)
            + ember_rows(args.data, alpha3_to_alpha2))
    mark_preferred(rows)
    os.makedirs(args.out, exist_ok=True)
    write_table(rows, os.path.join(args.out, "grid-intensity.csv"))
    regions = write_cloud_regions(args.data, {r["zone"] for r in rows}, os.path.join(args.out, "cloud-regions.csv"))
    print(f"wrote {len(rows)} intensity rows ({len({r['zone'] for r in rows})} zones) and {regions} cloud regions"
          f" to {args.out}")


if __name__ == "__main__":
    main()
