import { describeReviewRepositoryContract } from './__fixtures__/repository-contract.js';
import { createMemoryReviewRepository } from './repository.js';

describeReviewRepositoryContract('memory', async () => createMemoryReviewRepository());
