-- A decided reconciliation ends RESOLVED, its open explanation tasks CLOSED (no longer needed), not CANCELLED (issue 13).

-- AlterEnum
ALTER TYPE "ProjectStatus" ADD VALUE 'RESOLVED';

-- AlterEnum
ALTER TYPE "TaskStatus" ADD VALUE 'CLOSED';
