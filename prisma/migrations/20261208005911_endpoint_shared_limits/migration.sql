-- CreateTable
CREATE TABLE "EndpointLease" (
    "endpointId" INTEGER NOT NULL,
    "workerId" TEXT NOT NULL,
    "held" INTEGER NOT NULL,
    "wanted" INTEGER NOT NULL,
    "renewedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EndpointLease_pkey" PRIMARY KEY ("endpointId","workerId")
);

-- CreateTable
CREATE TABLE "EndpointGrant" (
    "endpointId" INTEGER NOT NULL,
    "grantedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "count" INTEGER NOT NULL,

    CONSTRAINT "EndpointGrant_pkey" PRIMARY KEY ("endpointId","grantedAt")
);

-- AddForeignKey
ALTER TABLE "EndpointLease" ADD CONSTRAINT "EndpointLease_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "ModelEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EndpointGrant" ADD CONSTRAINT "EndpointGrant_endpointId_fkey" FOREIGN KEY ("endpointId") REFERENCES "ModelEndpoint"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Hand-written SQL that Prisma cannot express goes below this line.
