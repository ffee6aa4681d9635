-- A partial delivery stays open for the rest (issue #17): received in part, or closed by the requester with a reason.
ALTER TYPE "ResourceRequestStatus" ADD VALUE 'PARTIALLY_RECEIVED';
ALTER TYPE "ResourceRequestStatus" ADD VALUE 'CLOSED';
