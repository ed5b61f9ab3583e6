#!/usr/bin/env python3
"""Derive the hourly intensity series in bench/scheduling/data/ from public source files (standard library only).

Two kinds of source, each kept in its own licence (see data/SOURCES.md):

  eia930  hourly net generation by fuel of one US balancing authority (EIA-930, US public domain), as
          columns timestamp,WND,SUN,WAT,OIL,NG,COL,NUC,OTH. Intensity is OUR estimate: production-based,
          life-cycle, sum(MW_fuel x factor_fuel) / sum(MW_fuel) with the factors below; imports are ignored.
  emaps   an Electricity Maps hourly dataset CSV (ODbL 1.0): the 'Carbon Intensity gCO2eq/kWh (LCA)'
          column is copied as it is (consumption-based, flow-traced, life-cycle, Electricity Maps' own figure).

Usage: derive_intensity.py eia930|emaps SOURCE_CSV OUT_CSV YEAR
Writes 'hour_start_utc,g_per_kwh' for the hours of YEAR; an hour without a figure is left out (a gap).
"""
import csv
import sys
from datetime import datetime, timezone

# g CO2eq/kWh, life-cycle medians: IPCC AR5 WG3 Annex III Table A.III.2 (coal PC 820, gas CCGT 490,
# hydro 24, nuclear 12, wind onshore 11, solar PV utility 48, biomass dedicated 230 for 'other');
# oil from IPCC SRREN Annex II (840), which AR5 does not list.
FACTORS = {"COL": 820.0, "NG": 490.0, "OIL": 840.0, "WAT": 24.0, "NUC": 12.0, "WND": 11.0, "SUN": 48.0,
           "OTH": 230.0}


def eia930(path, year):
    out = {}
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            stamp = row.get("timestamp") or row.get("")
            hour = datetime.fromisoformat(stamp).astimezone(timezone.utc)
            megawatts = {fuel: max(0.0, float(row[fuel] or 0)) for fuel in FACTORS}
            total = sum(megawatts.values())
            if hour.year == year and total > 0:
                out[hour] = sum(megawatts[f] * FACTORS[f] for f in FACTORS) / total
    return out


def emaps(path, year):
    out = {}
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        column = next(i for i, name in enumerate(header) if name.endswith("(LCA)"))
        for row in reader:
            hour = datetime.strptime(row[0], "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.utc)
            if hour.year == year and row[column].strip():
                out[hour] = float(row[column])
    return out


def main(argv):
    if len(argv) != 5 or argv[1] not in ("eia930", "emaps"):
        sys.exit(__doc__)
    series = (eia930 if argv[1] == "eia930" else emaps)(argv[2], int(argv[4]))
    with open(argv[3], "w", newline="", encoding="utf-8") as f:
        f.write("hour_start_utc,g_per_kwh\n")
        for hour in sorted(series):
            f.write(f"{hour.strftime('%Y-%m-%dT%H:%MZ')},{series[hour]:.1f}\n")
    print(f"{argv[3]}: {len(series)} hours")


if __name__ == "__main__":
    main(sys.argv)
