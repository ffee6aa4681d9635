-- Sitrep figures held back from publication while their incident is open.
ALTER TYPE "DataValueStatus" ADD VALUE 'HELD';
