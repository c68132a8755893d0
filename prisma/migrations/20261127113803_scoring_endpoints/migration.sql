-- AlterEnum
ALTER TYPE "EndpointKind" ADD VALUE 'SCORER';

-- Hand-written SQL that Prisma cannot express goes below this line.
